#pragma pack(3)
struct s { char c; };
