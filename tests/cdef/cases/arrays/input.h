#define ROWS 3
enum { COLS = 4 };
int grid[ROWS][COLS];
char name[16 + 1];
double cube[2][3][4];
extern int unknown_length[];
const char *table[sizeof(long) * 2];
struct with_arrays { char tag[8]; int matrix[2][2]; struct { short s[3]; } items[2]; long tail[]; };
typedef unsigned char digest_t[32];
digest_t digests[4];
int (*array_of_fp[5])(void);
int (*pointer_to_array)[10];
