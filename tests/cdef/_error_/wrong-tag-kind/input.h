struct thing;
union thing { int x; };
