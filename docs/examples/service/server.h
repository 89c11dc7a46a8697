/* The API (api.h) on libmicrohttpd: one internal thread, 127.0.0.1 only. */
#ifndef SERVICE_SERVER_H
#define SERVICE_SERVER_H

#include "api.h"

typedef struct server server;

/* Starts serving `a` (borrowed) on 127.0.0.1:`port` (0: a free port).  NULL with a
 * message in `err` when the port cannot be bound. */
server *server_start(api *a, unsigned port, char *err, size_t errlen);
/* The port it listens on. */
unsigned server_port(const server *s);
/* Stops it: the open connections are closed, the thread joined, everything freed. */
void server_stop(server *s);

#endif
