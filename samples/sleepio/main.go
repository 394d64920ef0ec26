// Command sleepio parks goroutines in timers, network I/O and a context.
//
// Parked at READY (user goroutines only; the runtime's own goroutines are not
// listed). "state" is the status in Go's traceback, the same for Go 1.19 and
// Go 1.26; "blocked in" is the goroutine's innermost main.* function and
// "created by" the function holding its go statement. A leak is a goroutine
// that nothing in the program will ever wake.
//
//	count  leak  state              blocked in          created by
//	1      no    select (no cases)  main.main           -
//	2      no    sleep              main.napper         main.spawnNappers
//	1      no    IO wait            main.acceptLoop     main.startServer
//	1      yes   IO wait            main.readReply      main.startClient
//	1      no    chan receive       main.tickLoop       main.startTicker
//	1      yes   chan receive       main.awaitCancel    main.startCancelWaiter
//
// Total: 7 goroutines, 2 of them leaks.
//
// napper sleeps one hour (time.Sleep). acceptLoop listens on 127.0.0.1:0,
// has accepted the one connection and waits in Accept for the next.
// readReply reads from the client side of that connection; the server side
// (kept in serverConns) never writes. tickLoop ranges over a one-hour
// time.Ticker's channel. awaitCancel waits on Done of a context.WithCancel
// context whose cancel function is kept (cancelWork) and never called.
package main

import (
	"context"
	"fmt"
	"goforensics/samples/internal/park"
	"net"
	"os"
	"runtime"
	"time"
)

var (
	serverConns []net.Conn
	clientConn  net.Conn
	ticker      *time.Ticker
	cancelWork  context.CancelFunc
	sink        int
)

func napper() {
	time.Sleep(time.Hour)
	sink++
}

func acceptLoop(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		serverConns = append(serverConns, c)
	}
}

func readReply(c net.Conn) {
	buf := make([]byte, 64)
	n, _ := c.Read(buf)
	sink += n
}

func tickLoop(t *time.Ticker) {
	for range t.C {
		sink++
	}
}

func awaitCancel(ctx context.Context) {
	<-ctx.Done()
	sink++
}

func spawnNappers(n int) {
	for i := 0; i < n; i++ {
		go napper()
	}
}

func startServer() net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "listen:", err)
		os.Exit(1)
	}
	go acceptLoop(ln)
	return ln
}

func startClient(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dial:", err)
		os.Exit(1)
	}
	clientConn = c
	go readReply(c)
}

func startTicker() {
	ticker = time.NewTicker(time.Hour)
	go tickLoop(ticker)
}

func startCancelWaiter() {
	ctx, cancel := context.WithCancel(context.Background())
	cancelWork = cancel
	go awaitCancel(ctx)
}

func main() {
	spawnNappers(2)
	ln := startServer()
	startClient(ln.Addr().String())
	startTicker()
	startCancelWaiter()

	park.WaitParked(7)
	runtime.GC()
	fmt.Println("READY")
	select {}
}
