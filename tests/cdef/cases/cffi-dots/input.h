struct partial { int x; ...; };
struct only_dots { ...; };
enum partial_enum { PA, PB, ... };
typedef ... handle_t;
typedef int... id_t;
int sizes[...];
#define MAGIC ...
int uses(handle_t *h, id_t id, struct partial *p);
