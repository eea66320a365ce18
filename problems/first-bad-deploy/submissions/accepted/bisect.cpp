#include <cstdio>
#include <cstring>

int main() {
    long long n;
    std::scanf("%lld", &n);
    long long lo = 1, hi = n;  // the answer is in [lo, hi]
    while (lo < hi) {
        long long mid = lo + (hi - lo) / 2;
        std::printf("? %lld\n", mid);
        std::fflush(stdout);
        char reply[8];
        std::scanf("%7s", reply);
        if (std::strcmp(reply, "bad") == 0) hi = mid; else lo = mid + 1;
    }
    std::printf("! %lld\n", lo);
    std::fflush(stdout);
}
