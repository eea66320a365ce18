// Milli-tokens in 64-bit integers: refill is exact, no floating point.
#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long c, r, g, q;
    int n;
    cin >> c >> r >> g >> q >> n;
    struct Bucket { long long milli, last; };
    unordered_map<string, Bucket> users;
    Bucket global{g * 1000, 0};
    auto refill = [](Bucket &b, long long t, long long cap, long long rate) {
        // At most 10^12 ms times 10^6 per second: below 2^63.
        b.milli = min(cap * 1000, b.milli + (t - b.last) * rate);
        b.last = t;
    };
    string out;
    for (int i = 0; i < n; i++) {
        long long t;
        string u;
        cin >> t >> u;
        auto it = users.find(u);
        if (it == users.end()) it = users.emplace(u, Bucket{c * 1000, t}).first;
        Bucket &b = it->second;
        refill(b, t, c, r);
        refill(global, t, g, q);
        if (b.milli >= 1000 && global.milli >= 1000) {
            b.milli -= 1000;
            global.milli -= 1000;
            out += "ALLOW\n";
        } else {
            auto wait = [](long long have, long long rate) {
                long long need = max(0LL, 1000 - have);
                return (need + rate - 1) / rate;
            };
            out += "DENY " + to_string(max(wait(b.milli, r), wait(global.milli, q))) + "\n";
        }
    }
    cout << out;
}
