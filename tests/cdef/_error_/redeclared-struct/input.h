struct p { int x; };
struct p { long x; };
