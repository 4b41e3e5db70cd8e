int f(void);
f(3);
