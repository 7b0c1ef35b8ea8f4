#ifndef REGISTRAR_CMICROHTTPD_SHIM_H
#define REGISTRAR_CMICROHTTPD_SHIM_H
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

/* MHD_get_daemon_info and MHD_get_connection_info are variadic and return a union pointer;
   Swift can call neither, so these accessors read the one field each caller needs. */

/** The port the daemon listens on (useful after binding port 0), or 0 when unknown. */
static inline uint16_t registrar_mhd_daemon_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

/** The daemon's listening socket, or -1. */
static inline int registrar_mhd_daemon_listen_fd(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_LISTEN_FD);
    return info == NULL ? -1 : info->listen_fd;
}

/** The peer's address of a connection, or NULL. Valid while the connection lives. */
static inline const struct sockaddr *registrar_mhd_client_address(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info == NULL ? NULL : info->client_addr;
}

#endif
