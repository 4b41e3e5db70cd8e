enum e { A = 1, B = A / 0 };
