/* libmicrohttpd glue (server.h): a request's headers go to api_begin, which may answer
 * at once (the body is then never read: 401, 404, 405, 415, 413 from Content-Length,
 * 403); else its body is kept, up to the API's limit and no further, and given to
 * api_finish.
 *
 * Ownership: a server owns the daemon; each request owns its state (a conn, freed when
 * libmicrohttpd says the request is done), which owns the body's buffer and the call. */
#define _POSIX_C_SOURCE 200809L
#include "server.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CONNECTIONS 128 /* so that bodies in memory stay under 128 x --max-body */
#define IDLE_TIMEOUT_S 30

struct server {
    struct MHD_Daemon *daemon;
    api *api;
    unsigned port;
};

typedef struct conn {
    api_call call;
    int answered;       /* a reply was queued before the body */
    char *buf;          /* the body, up to the limit; NULL past it */
    size_t len, cap;    /* bytes kept, allocated */
    size_t total;       /* bytes received */
    unsigned long long ns; /* time in the handler for this request */
} conn;

static unsigned long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec;
}

static const char *header(void *cls, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)cls, MHD_HEADER_KIND, name);
}

/* Queues `out` (its body consumed). */
static enum MHD_Result queue(struct MHD_Connection *c, api_reply *out)
{
    char *text = out->body ? json_dumps(out->body, JSON_COMPACT) : NULL;
    json_decref(out->body);
    out->body = NULL;
    struct MHD_Response *r =
        text ? MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE)
             : MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    if (text)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (out->allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, out->allow);
    if (out->status == 401)
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Keystone");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)out->status, r);
    MHD_destroy_response(r);
    return ok;
}

/* Keeps `n` more bytes of the body while it is within `max`; past it, drops what was
 * kept and only counts (413 at the end). */
static int keep(conn *st, const char *data, size_t n, size_t max)
{
    st->total += n;
    if (st->total > max) {
        free(st->buf);
        st->buf = NULL;
        st->len = st->cap = 0;
        return 0;
    }
    if (st->len + n > st->cap) {
        size_t cap = st->cap ? st->cap : 4096;
        while (cap < st->len + n)
            cap *= 2;
        if (cap > max)
            cap = max;
        char *b = realloc(st->buf, cap);
        if (!b)
            return -1;
        st->buf = b;
        st->cap = cap;
    }
    memcpy(st->buf + st->len, data, n);
    st->len += n;
    return 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    server *s = cls;
    conn *st = *con_cls;
    unsigned long long t0 = now_ns();
    enum MHD_Result r = MHD_YES;
    api_reply out;
    (void)version;
    if (!st) { /* the headers */
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        *con_cls = st;
        if (api_begin(s->api, &st->call, method, url, header, c, &out)) {
            st->answered = 1;
            r = queue(c, &out);
        }
    } else if (*upload_size) { /* a piece of the body */
        if (!st->answered && keep(st, upload, *upload_size, api_max_body(s->api)) != 0)
            r = MHD_NO;
        *upload_size = 0;
    } else if (!st->answered) { /* the end of the body */
        api_finish(s->api, &st->call, st->buf ? st->buf : "", st->len, st->total, &out);
        st->answered = 1;
        r = queue(c, &out);
    }
    st->ns += now_ns() - t0;
    return r;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode why)
{
    server *s = cls;
    conn *st = *con_cls;
    (void)c;
    (void)why;
    if (!st)
        return;
    api_stats *stats = api_get_stats(s->api);
    stats->requests++;
    stats->handler_ns += st->ns;
    api_call_clear(&st->call);
    free(st->buf);
    free(st);
    *con_cls = NULL;
}

server *server_start(api *a, unsigned port, char *err, size_t errlen)
{
    server *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->api = a;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, (unsigned short)port, NULL, NULL,
        handle, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED,
        completed, s, MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S, MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot listen on 127.0.0.1:%u", port);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : port;
    return s;
}

unsigned server_port(const server *s)
{
    return s->port;
}

void server_stop(server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->daemon);
    free(s);
}
