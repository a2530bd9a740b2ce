/*
 * The upstream of the proxy benchmarks (benchmarks/proxy.sh): one thread, level-triggered epoll, no allocation per
 * message, so that the proxies measured share a cheap and neutral peer.
 *
 *   upstream PORT echo   writes back whatever it reads (what it cannot write yet waits, and reading stops meanwhile)
 *   upstream PORT sink   discards what it reads and counts it per connection; once nothing has arrived for 50 ms it
 *                        sends each connection the count of bytes it received so far, as 8 bytes little-endian,
 *                        whenever that count changed: a load generator that stops sending reads back how much
 *                        arrived
 *
 * It listens on 127.0.0.1:PORT, prints one line once it does, and runs until it is killed.
 * Build: gcc -O2 -o upstream upstream.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFFER (64 * 1024)
#define EVENTS 256
#define IDLE_MS 50

struct conn {
    int open;
    char *pending; /* echo: bytes read but not written back yet, from pending + off to pending + len */
    size_t off, len;
    uint64_t received, reported; /* sink: bytes received, and the count last sent back */
};

static struct conn *conns;
static int capacity;
static int poller;
static int sink;
static char buffer[BUFFER];

static void fail(const char *what) {
    perror(what);
    exit(1);
}

static struct conn *conn_of(int fd) {
    if (fd >= capacity) {
        int grown = capacity ? capacity : 1024;
        while (grown <= fd) {
            grown *= 2;
        }
        conns = realloc(conns, grown * sizeof *conns);
        if (!conns) {
            fail("realloc");
        }
        memset(conns + capacity, 0, (grown - capacity) * sizeof *conns);
        capacity = grown;
    }
    return &conns[fd];
}

static void drop(int fd) {
    struct conn *c = conn_of(fd);
    free(c->pending);
    memset(c, 0, sizeof *c);
    close(fd);
}

static void watch(int fd, uint32_t events, int op) {
    struct epoll_event e = {.events = events, .data.fd = fd};
    if (epoll_ctl(poller, op, fd, &e) < 0) {
        fail("epoll_ctl");
    }
}

static void accept_all(int listener) {
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED) {
                perror("accept4");
            }
            return;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conn_of(fd)->open = 1;
        watch(fd, EPOLLIN, EPOLL_CTL_ADD);
    }
}

/* Echo: writes out what waits; returns 0 once the connection was dropped. */
static int flush_pending(int fd, struct conn *c) {
    while (c->off < c->len) {
        ssize_t n = write(fd, c->pending + c->off, c->len - c->off);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return 1;
            }
            drop(fd);
            return 0;
        }
        c->off += n;
    }
    c->off = c->len = 0;
    watch(fd, EPOLLIN, EPOLL_CTL_MOD);
    return 1;
}

static void echo(int fd, struct conn *c) {
    ssize_t n = read(fd, buffer, BUFFER);
    if (n <= 0) {
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            drop(fd);
        }
        return;
    }
    ssize_t w = write(fd, buffer, n);
    if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        drop(fd);
        return;
    }
    if (w < n) { /* the peer reads slower than it writes: keep the rest, stop reading until it is out */
        w = w < 0 ? 0 : w;
        if (!c->pending && !(c->pending = malloc(BUFFER))) {
            fail("malloc");
        }
        memcpy(c->pending, buffer + w, n - w);
        c->off = 0;
        c->len = n - w;
        watch(fd, EPOLLOUT, EPOLL_CTL_MOD);
    }
}

static void discard(int fd, struct conn *c) {
    for (;;) {
        ssize_t n = read(fd, buffer, BUFFER);
        if (n > 0) {
            c->received += n;
            if (n < BUFFER) {
                return;
            }
        } else {
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                drop(fd);
            }
            return;
        }
    }
}

/* Sink, once idle: every connection whose count changed gets it (a write the socket refuses is tried next time). */
static void report_counts(void) {
    for (int fd = 0; fd < capacity; fd++) {
        struct conn *c = &conns[fd];
        if (c->open && c->received != c->reported) {
            unsigned char count[8];
            for (int i = 0; i < 8; i++) {
                count[i] = (unsigned char) (c->received >> (8 * i));
            }
            if (write(fd, count, sizeof count) == sizeof count) {
                c->reported = c->received;
            }
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 3 || (strcmp(argv[2], "echo") != 0 && strcmp(argv[2], "sink") != 0)) {
        fprintf(stderr, "usage: %s PORT echo|sink\n", argv[0]);
        return 2;
    }
    sink = strcmp(argv[2], "sink") == 0;
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1])),
                                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (listener < 0 || bind(listener, (struct sockaddr *) &address, sizeof address) < 0
            || listen(listener, 4096) < 0) {
        fail("listen");
    }
    if ((poller = epoll_create1(0)) < 0) {
        fail("epoll_create1");
    }
    watch(listener, EPOLLIN, EPOLL_CTL_ADD);
    printf("upstream (%s) on 127.0.0.1:%s\n", argv[2], argv[1]);
    fflush(stdout);
    struct epoll_event events[EVENTS];
    for (;;) {
        int ready = epoll_wait(poller, events, EVENTS, sink ? IDLE_MS : -1);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("epoll_wait");
        }
        if (ready == 0) {
            report_counts();
        }
        for (int i = 0; i < ready; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                accept_all(listener);
                continue;
            }
            struct conn *c = conn_of(fd);
            if (!c->open) {
                continue; /* dropped earlier in this batch */
            }
            if (sink) {
                discard(fd, c);
            } else if (c->len > 0) {
                flush_pending(fd, c);
            } else {
                echo(fd, c);
            }
        }
    }
}
