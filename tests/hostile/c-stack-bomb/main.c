int f(int n) { volatile char frame[256]; frame[0] = (char)n; return f(n + 1) + frame[0]; }
int main(void) { return f(0); }
