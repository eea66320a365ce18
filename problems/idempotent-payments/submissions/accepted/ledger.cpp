#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int a, n;
    cin >> a >> n;
    vector<long long> balance(a + 1);
    for (int i = 1; i <= a; i++) cin >> balance[i];
    struct First { int account; long long amount; string answer; };
    unordered_map<string, First> seen;
    string out, word, key;
    for (int i = 0; i < n; i++) {
        int account;
        long long amount;
        cin >> word >> key >> account >> amount;
        auto it = seen.find(key);
        if (it != seen.end()) {
            const First &first = it->second;
            out += (first.account == account && first.amount == amount) ? first.answer : "CONFLICT";
            out += '\n';
            continue;
        }
        string answer = "DECLINED";
        if (balance[account] >= amount) {
            balance[account] -= amount;
            answer = "OK " + to_string(balance[account]);
        }
        out += answer + '\n';
        seen.emplace(key, First{account, amount, answer});
    }
    for (int i = 1; i <= a; i++) out += to_string(balance[i]) + (i < a ? " " : "\n");
    cout << out;
}
