#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    vector<long long> numbers;
    long long x;
    while (cin >> x) numbers.push_back(x);
    cout << accumulate(numbers.begin(), numbers.end(), 0LL) << "\n";
}
