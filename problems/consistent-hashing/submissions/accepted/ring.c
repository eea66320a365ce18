// The ring as a treap ordered by (position, node name); GET is a lower bound that wraps around.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Node {
    unsigned pos;
    const char *name; /* points into the input, which lives until the end */
    int priority;
    struct Node *left, *right;
} Node;

static unsigned fnv(const char *s) {
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 16777619u;
    return h;
}

static int compare(unsigned pos, const char *name, const Node *t) {
    if (pos != t->pos) return pos < t->pos ? -1 : 1;
    return strcmp(name, t->name); /* strcmp compares bytes as unsigned char */
}

static Node *rotate_right(Node *t) {
    Node *l = t->left;
    t->left = l->right;
    l->right = t;
    return l;
}

static Node *rotate_left(Node *t) {
    Node *r = t->right;
    t->right = r->left;
    r->left = t;
    return r;
}

static Node *insert(Node *t, unsigned pos, const char *name) {
    if (!t) {
        Node *x = malloc(sizeof *x);
        *x = (Node){pos, name, rand(), NULL, NULL};
        return x;
    }
    int c = compare(pos, name, t);
    if (c < 0) {
        t->left = insert(t->left, pos, name);
        if (t->left->priority > t->priority) t = rotate_right(t);
    } else if (c > 0) {
        t->right = insert(t->right, pos, name);
        if (t->right->priority > t->priority) t = rotate_left(t);
    }
    return t; /* already there: a set keeps one */
}

static Node *merge(Node *a, Node *b) { /* every key of a is below every key of b */
    if (!a) return b;
    if (!b) return a;
    if (a->priority > b->priority) {
        a->right = merge(a->right, b);
        return a;
    }
    b->left = merge(a, b->left);
    return b;
}

static Node *erase(Node *t, unsigned pos, const char *name) {
    if (!t) return NULL;
    int c = compare(pos, name, t);
    if (c < 0) t->left = erase(t->left, pos, name);
    else if (c > 0) t->right = erase(t->right, pos, name);
    else {
        Node *rest = merge(t->left, t->right);
        free(t);
        return rest;
    }
    return t;
}

static const Node *lower_bound(const Node *t, unsigned pos, const char *name) {
    const Node *best = NULL;
    while (t) {
        if (compare(pos, name, t) <= 0) best = t, t = t->left;
        else t = t->right;
    }
    return best;
}

static char *read_all(void) {
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
        len += got;
        if (cap - len - 1 == 0) buf = realloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    return buf;
}

int main(void) {
    static char out_buffer[1 << 16];
    setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    const char *ws = " \t\r\n";
    char *input = read_all();
    int v = atoi(strtok(input, ws));
    int n = atoi(strtok(NULL, ws));
    Node *ring = NULL;
    char vnode[40];
    for (int i = 0; i < n; i++) {
        const char *op = strtok(NULL, ws);
        const char *name = strtok(NULL, ws);
        if (strcmp(op, "ADD") == 0) {
            for (int j = 0; j < v; j++) {
                snprintf(vnode, sizeof vnode, "%s#%d", name, j);
                ring = insert(ring, fnv(vnode), name);
            }
        } else if (strcmp(op, "REMOVE") == 0) {
            for (int j = 0; j < v; j++) {
                snprintf(vnode, sizeof vnode, "%s#%d", name, j);
                ring = erase(ring, fnv(vnode), name);
            }
        } else if (!ring) {
            fputs("NONE\n", stdout);
        } else {
            const Node *it = lower_bound(ring, fnv(name), "");
            if (!it) it = lower_bound(ring, 0, ""); /* wrap around to the smallest */
            fputs(it->name, stdout);
            putchar('\n');
        }
    }
    return 0;
}
