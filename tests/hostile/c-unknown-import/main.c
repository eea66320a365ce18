__attribute__((import_module("env"), import_name("judge_host_call"))) int judge_host_call(void);
int main(void) { return judge_host_call(); }
