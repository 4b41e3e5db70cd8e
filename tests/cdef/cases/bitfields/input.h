struct flags {
  unsigned int ready : 1;
  unsigned int mode : 3;
  int : 0;
  signed int delta : 5;
  unsigned : 4;
  unsigned char small : 2;
  _Bool on : 1;
  unsigned long long wide : 40;
  unsigned long long wide2 : 40;
};
struct straddle { char a; int b : 31; int c : 2; short d : 9; };
struct zero_width { char a; int : 0; char b; long : 0; char c; };
struct char_bits { unsigned char a : 7, b : 7, c : 2; };
union bits_union { unsigned a : 3; unsigned long long b : 60; char c; };
enum small { S0, S1, S2 };
struct enum_bits { enum small e : 2; int after : 3; };
