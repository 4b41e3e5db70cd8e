int f(int a, void);
