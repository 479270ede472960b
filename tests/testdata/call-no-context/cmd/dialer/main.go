package main

import (
	"log"
	"net"
	"os/exec"
)

// main has no context: nothing is reported.
func main() {
	conn, err := net.Dial("tcp", "localhost:80")
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	if err := exec.Command("true").Run(); err != nil {
		log.Fatal(err)
	}
}
