int a[N];
