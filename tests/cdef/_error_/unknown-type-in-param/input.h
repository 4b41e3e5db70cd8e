int ok(void);
int f(int a, foo_t b);
