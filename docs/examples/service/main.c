/* An HTTP service of one resource of a spec, validated by the C validators attrc
 * generates and authorized by the policy file it generates (README.md).
 *
 * usage: service [--port N] [--policy FILE] [--no-validate] [--max-body BYTES]
 *                [--max-resources N] [--stats]
 *        service --check-policy [--policy FILE]   (cases on stdin; for the tests)
 *
 * Ownership: main owns the policy, the api and the server, and frees them in the
 * reverse order on SIGTERM or SIGINT. */
#define _POSIX_C_SOURCE 200809L
#include "api.h"
#include "policy.h"
#include "server.h"
#include "spec_config.h" /* the generated header, SPEC_REGISTRY, SPEC_RESOURCE, ... */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define CHECK_LINE_MAX 65536
/* The service's own limits for attrc_parse_body (README.md "Limits"): a resource's
 * bodies are three levels deep ({"R": {"tags": [...]}}) and hold short strings. */
#define MAX_DEPTH 8
#define MAX_STRING_BYTES 16384

static const char usage[] =
    "usage: service [--port N] [--policy FILE] [--no-validate] [--max-body BYTES]\n"
    "               [--max-resources N] [--stats]\n"
    "       service --check-policy [--policy FILE]\n";

/* A whole decimal number in [0, max], else -1. */
static long long number(const char *s, long long max)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return -1;
    unsigned long long n = strtoull(s, &end, 10);
    return *end || n > (unsigned long long)max ? -1 : (long long)n;
}

/* Each line of stdin, {"rule": NAME, "target": {...}, "creds": {...}}, answered by a
 * line "1" (allowed) or "0" (denied), as oslo.policy's Enforcer.enforce would. */
static int check_policy(const policy *p)
{
    static char line[CHECK_LINE_MAX];
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            fprintf(stderr, "service: a case longer than %d bytes\n", CHECK_LINE_MAX - 2);
            return 2;
        }
        attrc_report rep;
        attrc_report_init(&rep);
        json_t *c = NULL;
        if (attrc_parse_body(line, n, NULL, &c, &rep) != 0 ||
            !json_is_string(json_object_get(c, "rule"))) {
            fprintf(stderr, "service: not a case: %s", line);
            json_decref(c);
            return 2;
        }
        printf("%d\n", policy_enforce(p, json_string_value(json_object_get(c, "rule")),
                                      json_object_get(c, "target"), json_object_get(c, "creds")));
        json_decref(c);
    }
    return fflush(stdout) == 0 ? 0 : 2;
}

static void print_stats(const api_stats *st)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    unsigned long long cpu =
        ((unsigned long long)ru.ru_utime.tv_sec + (unsigned long long)ru.ru_stime.tv_sec) *
            1000000000ull +
        ((unsigned long long)ru.ru_utime.tv_usec + (unsigned long long)ru.ru_stime.tv_usec) *
            1000ull;
    printf("{\"requests\": %llu, \"bodies\": %llu, \"parse_ns\": %llu, \"validate_ns\": %llu, "
           "\"handler_ns\": %llu, \"cpu_ns\": %llu}\n",
           st->requests, st->bodies, st->parse_ns, st->validate_ns, st->handler_ns, cpu);
}

static const attrc_resource *served(void)
{
    if (SPEC_RESOURCE[0])
        return attrc_find_resource(SPEC_REGISTRY, SPEC_RESOURCE);
    for (size_t i = 0; SPEC_REGISTRY[i]; i++)
        if (!SPEC_REGISTRY[i]->extends)
            return SPEC_REGISTRY[i];
    return NULL;
}

int main(int argc, char **argv)
{
    long long port = 9696, max_body = 65536, max_resources = 10000;
    const char *policy_file = SPEC_POLICY;
    int validate = 1, stats = 0, check = 0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "--port") && (port = number(v, 65535)) >= 0)
            i++;
        else if (!strcmp(o, "--max-body") && (max_body = number(v, 1ll << 30)) >= 0)
            i++;
        else if (!strcmp(o, "--max-resources") && (max_resources = number(v, 1ll << 40)) >= 0)
            i++;
        else if (!strcmp(o, "--policy") && v)
            policy_file = argv[++i];
        else if (!strcmp(o, "--no-validate"))
            validate = 0;
        else if (!strcmp(o, "--stats"))
            stats = 1;
        else if (!strcmp(o, "--check-policy"))
            check = 1;
        else {
            fputs(usage, stderr);
            return !strcmp(o, "--help") ? 0 : 2;
        }
    }
    char err[1024];
    policy *pol = policy_load(policy_file, err, sizeof err);
    if (!pol) {
        fprintf(stderr, "service: %s\n", err);
        return 1;
    }
    if (check) {
        int rc = check_policy(pol);
        policy_free(pol);
        return rc;
    }
    /* generated tables this libattrc cannot read: say so and stop, before serving */
    attrc_report abi;
    attrc_report_init(&abi);
    if (attrc_check_abi(SPEC_REGISTRY, &abi) != 0) {
        fprintf(stderr, "service: %s\n", abi.errors[0].message);
        policy_free(pol);
        return 1;
    }
    const attrc_resource *res = served();
    if (!res || res->extends) {
        fprintf(stderr, "service: no resource to serve (%s)\n", SPEC_RESOURCE);
        policy_free(pol);
        return 1;
    }
    api_options opt = {SPEC_PREFIX, ATTRC_LIMITS_DEFAULT, validate, (size_t)max_resources};
    opt.limits.max_body_bytes = (size_t)max_body;
    opt.limits.max_depth = MAX_DEPTH;
    opt.limits.max_string_bytes = MAX_STRING_BYTES;

    /* SIGTERM and SIGINT are blocked in every thread and taken here by sigwait */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);

    int rc = 1;
    api *a = api_new(res, pol, &opt, err, sizeof err);
    server *s = a ? server_start(a, (unsigned)port, err, sizeof err) : NULL;
    if (s) {
        printf("listening on 127.0.0.1:%u (%s, %s)\n", server_port(s), res->collection,
               validate ? "validating" : "not validating");
        fflush(stdout);
        int sig;
        sigwait(&sigs, &sig);
        server_stop(s);
        if (stats)
            print_stats(api_get_stats(a));
        rc = 0;
    } else
        fprintf(stderr, "service: %s\n", err);
    api_free(a);
    policy_free(pol);
    return rc;
}
