_Complex int z;
