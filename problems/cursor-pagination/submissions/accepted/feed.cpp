#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, next_id = 1;
    cin >> n;
    set<int> live;
    string op, out;
    for (int i = 0; i < n; i++) {
        cin >> op;
        if (op == "POST") {
            live.insert(next_id++);
        } else if (op == "DELETE") {
            int id;
            cin >> id;
            live.erase(id);
        } else {
            int c, k;
            cin >> c >> k;
            auto it = c == 0 ? live.end() : live.lower_bound(c);
            vector<int> page;
            while (it != live.begin() && (int)page.size() < k) page.push_back(*--it);
            if (page.empty()) {
                out += "END\n";
                continue;
            }
            for (int id : page) out += to_string(id) + ' ';
            out += (it != live.begin() ? to_string(page.back()) : string("END")) + '\n';
        }
    }
    cout << out;
}
