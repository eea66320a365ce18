// Interactor: interactor input answer feedback_dir, talking to the submission
// on stdin/stdout. The input file holds "n k".
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

static std::string feedback;

[[noreturn]] static void verdict(int code, const char *message) {
    if (FILE *f = std::fopen((feedback + "judgemessage.txt").c_str(), "w")) {
        std::fprintf(f, "%s\n", message);
        std::fclose(f);
    }
    std::exit(code);
}

int main(int argc, char **argv) {
    if (argc < 4) return 1;
    feedback = argv[3];
    FILE *input = std::fopen(argv[1], "r");
    long long n, k;
    if (!input || std::fscanf(input, "%lld %lld", &n, &k) != 2) return 1;
    std::printf("%lld\n", n);
    std::fflush(stdout);
    for (int questions = 0;;) {
        char kind[8];
        long long v;
        if (std::scanf("%7s %lld", kind, &v) != 2) verdict(43, "no answer before the end of output");
        if (std::strcmp(kind, "!") == 0) {
            if (v == k) verdict(42, "found the first bad deploy");
            verdict(43, "wrong deploy");
        }
        if (std::strcmp(kind, "?") != 0) verdict(43, "expected '?' or '!'");
        if (++questions > 32) verdict(43, "more than 32 questions");
        if (v < 1 || v > n) verdict(43, "asked about a deploy that does not exist");
        std::printf("%s\n", v < k ? "good" : "bad");
        std::fflush(stdout);
    }
}
