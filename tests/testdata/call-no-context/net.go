package callnocontext

import (
	"context"
	"fmt"
	"net"
	"time"
)

// Prober checks upstreams for a request.
type Prober struct {
	timeout time.Duration
	ports   []string
}

// Dial connects without ctx.
func (p *Prober) Dial(ctx context.Context, addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want "call-no-context: net.Dial .*DialContext"
}

// DialTimeout: the timeout moves into the Dialer.
func (p *Prober) DialTimeout(ctx context.Context, addr string) (net.Conn, error) {
	return net.DialTimeout("tcp", addr, p.timeout) // want "call-no-context: net.DialTimeout"
}

// DialAll: an argument with a call and a timeout with a call: the fix is unsafe.
func (p *Prober) DialAll(ctx context.Context, host string) error {
	for i := range p.ports {
		conn, err := net.DialTimeout("tcp", net.JoinHostPort(host, p.ports[i]), p.budget(i)) // want "call-no-context"
		if err != nil {
			return err
		}
		conn.Close()
	}
	return nil
}

func (p *Prober) budget(i int) time.Duration { return p.timeout / time.Duration(i+1) }

// Serve listens without ctx.
func (p *Prober) Serve(ctx context.Context) (net.Listener, net.PacketConn, error) {
	ln, err := net.Listen("tcp", ":0") // want "call-no-context: net.Listen .*ListenConfig"
	if err != nil {
		return nil, nil, err
	}
	pc, err := net.ListenPacket("udp", ":0") // want "call-no-context: net.ListenPacket"
	return ln, pc, err
}

// Resolve looks names up without ctx.
func (p *Prober) Resolve(ctx context.Context, host string) error {
	addrs, err := net.LookupHost(host) // want "call-no-context: net.LookupHost .*DefaultResolver.LookupHost"
	if err != nil {
		return err
	}
	ips, _ := net.LookupIP(host) // want "call-no-context: net.LookupIP .*LookupIP\(ctx, \"ip\", …\)"

	names, _ := net.LookupAddr(addrs[0]) // want "call-no-context"

	cname, _ := net.LookupCNAME(host) // want "call-no-context"

	mxs, _ := net.LookupMX(host) // want "call-no-context"

	txts, _ := net.LookupTXT(host) // want "call-no-context"

	_, srvs, _ := net.LookupSRV("xmpp", "tcp", host) // want "call-no-context"

	nss, _ := net.LookupNS(host) // want "call-no-context"

	fmt.Println(ips, names, cname, mxs, txts, srvs, nss)
	return nil
}

// Fine: the context-aware forms.
func (p *Prober) Good(ctx context.Context, host string) error {
	d := &net.Dialer{Timeout: p.timeout}
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Dialer.Dial is a method, not the package function.
	c2, err := d.Dial("tcp", host)
	if err != nil {
		return err
	}
	defer c2.Close()
	_, err = net.DefaultResolver.LookupHost(ctx, host)
	return err
}

// NoCtx: no context at hand.
func NoCtx(host string) ([]string, error) {
	return net.LookupHost(host)
}

// Port is not in the table (LookupPort has no finding).
func (p *Prober) Port(ctx context.Context) (int, error) {
	return net.LookupPort("tcp", "http")
}
