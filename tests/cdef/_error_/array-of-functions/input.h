int table[4](int);
