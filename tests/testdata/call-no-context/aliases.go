package callnocontext

import (
	stdctx "context"
	gonet "net"
	osexec "os/exec"
)

// Aliases: the fixes keep the aliases.
// Größe is a non-ASCII identifier; the comment mentions net.Dial( before the finding.
func Aliases(ctx stdctx.Context, größe string) error {
	/* net.Dial("tcp", "x") in a comment is not a call — ümlaut */ conn, err := gonet.Dial("tcp", größe) // want "call-no-context"
	if err != nil {
		return err
	}
	defer conn.Close()
	return osexec.Command("echo", größe).Run() // want "call-no-context"
}
