struct point { int x, y; };
typedef struct { struct point min, max; } rect_t;
struct list { struct list *next; struct list *prev; void *data; };
struct opaque;
typedef struct opaque opaque_t;
opaque_t *opaque_new(void);
union value { int i; double d; char bytes[8]; struct point p; };
struct tagged {
  int kind;
  union { int i; double d; };
  struct { short lo, hi; };
  struct inner { char c; long l; } in;
  struct { unsigned char r, g, b; } color;
};
struct message { size_t length; char data[]; };
struct a_before_b;
struct b_uses_a { struct a_before_b *a; };
struct a_before_b { struct b_uses_a b; };
