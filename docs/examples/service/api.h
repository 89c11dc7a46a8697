/* The CRUD API of one resource, without HTTP: who the caller is (from the headers
 * keystonemiddleware passes), which route and operation, the policy's verdicts, the
 * validators' verdicts, the in-memory store, the replies.  server.c puts it on
 * libmicrohttpd; nothing here knows of sockets.
 *
 * One thread calls it at a time (libmicrohttpd's single internal thread). */
#ifndef SERVICE_API_H
#define SERVICE_API_H

#include "policy.h"

#include <attrc/attrc.h>
#include <jansson.h>
#include <stddef.h>

typedef struct api_options {
    const char *prefix;   /* "/v2.0": the collection is at PREFIX/COLLECTION */
    attrc_limits limits;  /* for attrc_parse_body; max_body_bytes is also the upload cap */
    int validate;         /* 0: --no-validate (the load run's baseline only) */
    size_t max_resources; /* a create past it is 409 over-quota */
} api_options;

/* Time spent, for the load run (--stats). */
typedef struct api_stats {
    unsigned long long requests;    /* requests answered */
    unsigned long long bodies;      /* bodies read (POST and PUT past their preflight) */
    unsigned long long parse_ns;    /* reading bodies: attrc_parse_body (or json_loadb) */
    unsigned long long validate_ns; /* attrc_unwrap + attrc_validate (or their stand-ins) */
    unsigned long long handler_ns;  /* in the request handler, all of it (server.c) */
} api_stats;

typedef struct api api;

/* The service of `res` under `pol` (both borrowed; they outlive it).  NULL with a
 * message in `err` when out of memory. */
api *api_new(const attrc_resource *res, const policy *pol, const api_options *o, char *err,
             size_t errlen);
void api_free(api *a);
api_stats *api_get_stats(api *a);
size_t api_max_body(const api *a);

/* A reply: status, and a body (owned; NULL for none). */
typedef struct api_reply {
    int status;
    json_t *body;
    const char *allow; /* for 405: the Allow header */
} api_reply;

/* One request, from its headers to its reply. */
typedef enum { ROUTE_NONE, ROUTE_COLLECTION, ROUTE_MEMBER } api_route;
typedef struct api_call {
    int method;       /* API_GET, ... */
    api_route route;
    json_t *creds;    /* owned: the caller's credentials (policy.h) */
    int is_admin;     /* the policy's context_is_admin, for them */
    json_t *resource; /* ROUTE_MEMBER: the stored resource (a new reference) */
    char id[64];      /* ROUTE_MEMBER: its id */
} api_call;

enum { API_GET, API_POST, API_PUT, API_DELETE, API_OTHER };

/* Looks up a request header by name (case-insensitive), NULL when absent. */
typedef const char *(*api_header_fn)(void *cls, const char *name);

/* The request's first part: the caller, the route, the method, the headers and the
 * verdicts that need no body.  Returns 1 with `out` set when the request is answered
 * now (the body, if any, is then never read), 0 when the body is to be read and given to
 * api_finish.  `call` is cleared by api_call_clear in every case. */
int api_begin(api *a, api_call *call, const char *method, const char *url,
              api_header_fn header, void *hcls, api_reply *out);
/* The rest, with the body's `len` bytes at `body` (`total` the bytes sent, more than len
 * when the upload went over the limit and was not kept). */
void api_finish(api *a, api_call *call, const char *body, size_t len, size_t total,
                api_reply *out);
void api_call_clear(api_call *call);

#endif
