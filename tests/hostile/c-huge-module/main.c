static char big[80 << 20] = {1, [(80 << 20) - 1] = 2};
int main(int argc, char **argv) { (void)argv; return big[argc * 1000000] + big[(80 << 20) - argc]; }
