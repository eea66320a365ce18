#include <cmath>
#include <cstdio>

int main() {
    int n;
    std::scanf("%d", &n);
    for (int i = 0; i < n; i++) {
        double lambda, w, u;
        std::scanf("%lf %lf %lf", &lambda, &w, &u);
        double l = lambda * w / 1000.0;
        // The inputs keep l / u away from whole numbers; the epsilon only
        // absorbs rounding when it is exactly whole.
        long long p = (long long)std::ceil(l / u - 1e-9);
        std::printf("%.9f %lld\n", l, p);
    }
}
