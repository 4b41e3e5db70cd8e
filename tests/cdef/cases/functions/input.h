/* Prototypes of every shape real headers use. */
int add(int a, int b);
void reset(void);
int legacy();
int printf_like(const char *fmt, ...);
double hypot(double, double);
void qsort_like(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
int (*(*factory)(int))(double);
int (*(*make_op(const char *name))(int, int));
void (*signal_like(int sig, void (*handler)(int)))(int);
char *strdup_like(const char *s), *strndup_like(const char *s, size_t n);
static inline int twice(int x) { return x * 2; }
extern int counter;
static const char *const names[3];
int takes_array(int grid[4][4], const char s[]);
