// Command probe: http-no-context is flagged even in main.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
)

func main() {
	target := flag.String("url", "http://localhost:8080/healthz", "URL to probe")
	flag.Parse()
	resp, err := http.Get(*target) // want "http-no-context"
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status)
}
