// A Fenwick tree over latency values; the k-th smallest by binary lifting.
#include <bits/stdc++.h>
using namespace std;

const int MAXV = 1 << 20;  // above 10^6
int tree[MAXV + 1];

void add(int i) {
    for (; i <= MAXV; i += i & -i) tree[i]++;
}

int kth(int k) {  // smallest value with at least k recorded at or below it
    int pos = 0;
    for (int step = MAXV; step; step >>= 1)
        if (pos + step <= MAXV && tree[pos + step] < k) pos += step, k -= tree[pos];
    return pos + 1;
}

int main() {
    int n, count = 0;
    scanf("%d", &n);
    char op[2];
    for (int i = 0; i < n; i++) {
        scanf("%1s", op);
        if (op[0] == 'R') {
            int x;
            scanf("%d", &x);
            add(x);
            count++;
        } else if (count == 0) {
            puts("- - -");
        } else {
            auto rank = [&](int p) { return (int)((1LL * p * count + 99) / 100); };
            printf("%d %d %d\n", kth(rank(50)), kth(rank(95)), kth(rank(99)));
        }
    }
}
