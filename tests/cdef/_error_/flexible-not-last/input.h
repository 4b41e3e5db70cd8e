struct s { int n; char data[]; int after; };
