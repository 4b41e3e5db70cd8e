#define ZERO 0
#define ANSWER 42
#define HEX 0x7fU
#define OCTAL 0755
#define BIG 0x100000000
#define LONG_ONE 1L
#define ULL_MAX 0xffffffffffffffffULL
#define NEG (-1)
#define SHIFTED (1 << 20)
#define EXPR ((ANSWER * 2 + HEX) % 1000)
#define FROM_ENUM (E_TWO + 1)
#define CAST ((unsigned char)0x1ff)
#define SIZE (sizeof(struct sz) * 2)
#define CHAR 'x'
#define COND (ANSWER > 40 ? 1 : 2)
#define MASK(n) ((1u << (n)) - 1)
#define USES_MASK MASK(4)
#define STRING "not a number"
#define FLOAT 1.5
#define PTR ((void *)0)
#define EMPTY
#define TYPE unsigned int
#define CALL foo(1)
#define SELF SELF
#define CONTINUED (1 + \
                   2)
#undef ANSWER_GONE
#define ANSWER_GONE 1
#undef ANSWER_GONE
enum { E_ONE = 1, E_TWO };
struct sz { int a; char b; };
