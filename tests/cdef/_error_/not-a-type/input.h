int value;
value x;
