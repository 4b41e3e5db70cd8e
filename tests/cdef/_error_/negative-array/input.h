int a[2 - 3];
