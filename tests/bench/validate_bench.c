/* The validators' benchmark, C side: nanoseconds per validation of request attributes
 * by the generated validator of a resource of specs/ (attrc_validate, create, admin
 * caller), and per walk over the same object's keys at every depth (the floor: what any
 * validator must at least do).  Bodies come as JSON files; each is parsed once and validated many times.
 *
 *   validate_bench RESOURCE ROUNDS ITERATIONS BODY.json...
 *
 * Prints one JSON object per body: {"body", "valid", "validate_ns", "floor_ns"}, each
 * figure the median over ROUNDS rounds of ITERATIONS runs. */
#include <attrc/attrc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define X(stem) extern const attrc_resource *const stem##_resources[];
ATTRC_SPECS
#undef X

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static volatile size_t sink;

/* The floor: every key of every object in v, at any depth, and every item of every list,
 * visited once, the fastest way jansson allows (its iterator, the key's stored length),
 * without recursion: what any validator of the value must at least do. */
static size_t walk_keys(json_t *v)
{
    json_t *stack[64];
    int n = 0;
    size_t sum = 0;
    stack[n++] = v;
    while (n > 0) {
        json_t *x = stack[--n];
        if (json_is_object(x)) {
            for (void *it = json_object_iter(x); it; it = json_object_iter_next(x, it)) {
                json_t *val = json_object_iter_value(it);
                sum += json_object_iter_key_len(it) +
                       (size_t)(unsigned char)json_object_iter_key(it)[0];
                if ((json_is_object(val) || json_is_array(val)) && n < 64)
                    stack[n++] = val;
            }
        } else if (json_is_array(x)) {
            for (size_t i = 0; i < json_array_size(x); i++) {
                json_t *item = json_array_get(x, i);
                sum += (size_t)json_typeof(item);
                if ((json_is_object(item) || json_is_array(item)) && n < 64)
                    stack[n++] = item;
            }
        }
    }
    return sum;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fputs("usage: validate_bench RESOURCE ROUNDS ITERATIONS BODY.json...\n", stderr);
        return 2;
    }
    const attrc_resource *const *const registries[] = {
#define X(stem) stem##_resources,
        ATTRC_SPECS
#undef X
    };
    const attrc_resource *res = NULL;
    for (size_t g = 0; g < sizeof registries / sizeof registries[0] && !res; g++)
        res = attrc_find_resource(registries[g], argv[1]);
    int rounds = atoi(argv[2]);
    long iters = atol(argv[3]);
    if (!res || rounds < 1 || rounds > 1000 || iters < 1) {
        fputs("validate_bench: no such resource, or bad counts\n", stderr);
        return 2;
    }
    attrc_caller admin = {1, 0};
    double *t = calloc((size_t)rounds, sizeof *t), *f = calloc((size_t)rounds, sizeof *f);
    for (int k = 4; k < argc; k++) {
        json_error_t e;
        json_t *body = json_load_file(argv[k], 0, &e);
        if (!body) {
            fprintf(stderr, "validate_bench: %s: %s\n", argv[k], e.text);
            return 2;
        }
        int valid = 0;
        for (int r = 0; r < rounds; r++) {
            double t0 = now_ns();
            for (long i = 0; i < iters; i++) {
                attrc_report rep;
                attrc_report_init(&rep);
                valid = attrc_validate(res, ATTRC_CREATE, body, &admin, &rep) == 0;
            }
            double t1 = now_ns();
            for (long i = 0; i < iters; i++)
                sink += walk_keys(body);
            double t2 = now_ns();
            t[r] = (t1 - t0) / (double)iters;
            f[r] = (t2 - t1) / (double)iters;
        }
        qsort(t, (size_t)rounds, sizeof *t, cmp);
        qsort(f, (size_t)rounds, sizeof *f, cmp);
        printf("{\"body\": \"%s\", \"valid\": %s, \"validate_ns\": %.1f, \"floor_ns\": %.1f}\n",
               argv[k], valid ? "true" : "false", t[rounds / 2], f[rounds / 2]);
        json_decref(body);
    }
    free(t);
    free(f);
    return 0;
}
