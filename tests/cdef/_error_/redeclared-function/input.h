int add(int a, int b);
long add(int a, int b);
