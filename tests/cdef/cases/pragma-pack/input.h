struct natural { char c; int i; double d; };
#pragma pack(push, 1)
struct packed1 { char c; int i; double d; };
#pragma pack(push, 2)
struct packed2 { char c; int i; double d; short s; };
#pragma pack(pop)
struct still1 { char c; long l; };
#pragma pack(pop)
struct natural_again { char c; long l; };
#pragma pack(4)
struct packed4 { char c; double d; long long ll; };
#pragma pack()
struct reset { char c; double d; };
#pragma pack(2)
struct pack_bits { char c; unsigned a : 12; unsigned b : 12; };
#pragma pack()
