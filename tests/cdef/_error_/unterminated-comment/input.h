int f(void); /* never closed
