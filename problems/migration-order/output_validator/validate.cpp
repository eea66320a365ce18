// Output validator: validate input answer feedback_dir < team_output.
// Accepts any order that is a permutation of 1..n and respects every rule;
// IMPOSSIBLE is right exactly when the answer file says so.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

static std::string feedback;

[[noreturn]] static void verdict(int code, const std::string &message) {
    if (FILE *f = std::fopen((feedback + "judgemessage.txt").c_str(), "w")) {
        std::fprintf(f, "%s\n", message.c_str());
        std::fclose(f);
    }
    std::exit(code);
}

// The next whitespace-separated token of the team's output (at most 63 bytes kept).
static bool token(char (&buffer)[64]) { return std::scanf("%63s", buffer) == 1; }

int main(int argc, char **argv) {
    if (argc < 4) return 1;
    feedback = argv[3];
    FILE *input = std::fopen(argv[1], "r");
    FILE *answer = std::fopen(argv[2], "r");
    if (!input || !answer) return 1;
    int n, m;
    if (std::fscanf(input, "%d %d", &n, &m) != 2) return 1;
    std::vector<std::pair<int, int>> rules(m);
    for (auto &rule : rules)
        if (std::fscanf(input, "%d %d", &rule.first, &rule.second) != 2) return 1;
    char expected[64] = "";
    if (std::fscanf(answer, "%63s", expected) != 1) return 1;
    bool possible = std::strcmp(expected, "IMPOSSIBLE") != 0;

    char word[64];
    if (!token(word)) verdict(43, "empty output");
    if (std::strcmp(word, "IMPOSSIBLE") == 0) {
        if (possible) verdict(43, "said IMPOSSIBLE, but an order exists");
        if (token(word)) verdict(43, "output continues after IMPOSSIBLE");
        verdict(42, "correctly IMPOSSIBLE");
    }
    if (!possible) verdict(43, "printed an order, but the rules form a cycle");
    std::vector<int> position(n + 1, -1);
    for (int i = 0; i < n; i++) {
        if (i > 0 && !token(word)) verdict(43, "the order has fewer than n migrations");
        char *end;
        long x = std::strtol(word, &end, 10);
        if (*end != '\0' || end == word) verdict(43, std::string("not a number: ") + word);
        if (x < 1 || x > n) verdict(43, std::string("no migration ") + word);
        if (position[x] != -1) verdict(43, std::string("migration ") + word + " runs twice");
        position[x] = i;
    }
    if (token(word)) verdict(43, "more than n numbers");
    for (auto [a, b] : rules)
        if (position[a] > position[b])
            verdict(43, std::to_string(a) + " must run before " + std::to_string(b));
    verdict(42, "valid order");
}
