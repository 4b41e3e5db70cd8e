#include <stdio.h>
int f(void);
