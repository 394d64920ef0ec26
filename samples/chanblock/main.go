// Command chanblock parks goroutines forever on channel operations.
//
// Parked at READY (user goroutines only; the runtime's own goroutines are not
// listed). "state" is the status in Go's traceback, the same for Go 1.19 and
// Go 1.26; "blocked in" is the goroutine's innermost main.* function and
// "created by" the function holding its go statement. A leak is a goroutine
// that nothing in the program will ever wake.
//
//	count  leak  state                    blocked in         created by
//	1      no    select (no cases)        main.main          -
//	3      yes   chan send                main.leakySender   main.spawnSenders
//	2      yes   chan receive             main.leakyReceiver main.spawnReceivers
//	2      yes   select                   main.selectTwo     main.spawnSelectors
//	1      yes   chan receive (nil chan)  main.nilReceiver   main.spawnNilReceiver
//	1      yes   chan send (nil chan)     main.nilSender     main.spawnNilSender
//	1      yes   select (no cases)        main.idleForever   main.spawnIdler
//
// Total: 11 goroutines, 10 of them leaks. The 3 senders share one unbuffered
// channel, the 2 receivers another, the 2 selectors wait on the same two
// channels (one receive case each). Nothing else refers to these channels.
//
// main keeps a 24-hour time.AfterFunc timer (no goroutine) so that the
// runtime's deadlock detector does not fire while every goroutine is parked.
package main

import (
	"fmt"
	"goforensics/samples/internal/park"
	"runtime"
)

var sink int

func leakySender(ch chan int) {
	ch <- 1
}

func leakyReceiver(ch chan int) {
	sink = <-ch
}

func selectTwo(a, b chan int) {
	select {
	case v := <-a:
		sink = v
	case v := <-b:
		sink = v
	}
}

func nilReceiver(ch chan int) {
	sink = <-ch
}

func nilSender(ch chan int) {
	ch <- 1
}

func idleForever() {
	select {}
}

func spawnSenders(n int) {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go leakySender(ch)
	}
}

func spawnReceivers(n int) {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go leakyReceiver(ch)
	}
}

func spawnSelectors(n int) {
	a, b := make(chan int), make(chan int)
	for i := 0; i < n; i++ {
		go selectTwo(a, b)
	}
}

func spawnNilReceiver() {
	var ch chan int
	go nilReceiver(ch)
}

func spawnNilSender() {
	var ch chan int
	go nilSender(ch)
}

func spawnIdler() {
	go idleForever()
}

func main() {
	park.KeepProcessAlive()

	spawnSenders(3)
	spawnReceivers(2)
	spawnSelectors(2)
	spawnNilReceiver()
	spawnNilSender()
	spawnIdler()

	park.WaitParked(11)
	runtime.GC()
	fmt.Println("READY")
	select {}
}
