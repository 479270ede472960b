package suppression

// A dot import: go vet's lostcancel does not see these calls, ctx-ls does.
import . "context"

// Arm returns a derived context; dropping cancel is bounded by the timeout.
func (p *Poller) Arm(ctx Context) Context {
	c, _ := WithTimeout(ctx, p.interval) //nolint:lostcancel // the timer bounds it
	return c
}

// ArmLonger is suppressed with the ctx-ls directive.
func (p *Poller) ArmLonger(ctx Context) Context {
	c, _ := WithTimeout(ctx, 2*p.interval) //ctxls:ignore lost-cancel bounded by the timeout
	return c
}

// Detach is suppressed by code on the line above.
func (p *Poller) Detach(ctx Context) Context {
	//ctxls:ignore CTX101
	c, _ := WithCancel(WithoutCancel(ctx))
	return c
}
