// names.go: the context package under an import alias, non-ASCII
// identifiers and comments, re-declared cancel variables, and look-alike
// functions that are not the context package's.
//
// 注意：本文件故意使用中文标识符和表情符号 🧪🔥，用于检查列号计算。
package lostcancel

import (
	ctxpkg "context"
	"errors"
	"time"
)

// 订单服务 looks up orders. 📦
type 订单服务 struct {
	超时     time.Duration
	存储     map[string]string
	stages []time.Duration
}

func (s *订单服务) 读取(上下文 ctxpkg.Context, 编号 string) (string, error) {
	if err := 上下文.Err(); err != nil {
		return "", err
	}
	v, ok := s.存储[编号]
	if !ok {
		return "", errors.New("订单不存在: " + 编号)
	}
	return v, nil
}

// --- positives ---

// 查询 discards the cancel function of an aliased context.WithTimeout.
// ⏱️ 超时由调用方决定 — the comment above has non-ASCII text and an emoji.
func (s *订单服务) 查询(父 ctxpkg.Context, 编号 string) (string, error) {
	/* 🚀 先创建上下文 */ 上下文, _ := ctxpkg.WithTimeout(父, s.超时) // want "lost-cancel"
	return s.读取(上下文, 编号)
}

// 批量查询 forgets to cancel when the list is empty; the cancel variable is 取消.
func (s *订单服务) 批量查询(父 ctxpkg.Context, 编号列表 []string) ([]string, error) {
	上下文, 取消 := ctxpkg.WithCancel(父) // want "lost-cancel"
	if len(编号列表) == 0 {
		return nil, nil // 🙈 这里漏掉了 取消()
	}
	defer 取消()
	结果 := make([]string, 0, len(编号列表))
	for _, 编号 := range 编号列表 {
		v, err := s.读取(上下文, 编号)
		if err != nil {
			return nil, err
		}
		结果 = append(结果, v)
	}
	return 结果, nil
}

// Staged re-declares cancel with := for the second stage and never uses the
// new value: the deferred call above still holds the first function.
func (s *订单服务) Staged(parent ctxpkg.Context, id string) (string, error) {
	ctx, cancel := ctxpkg.WithTimeout(parent, s.超时)
	defer cancel()
	if _, err := s.读取(ctx, id); err != nil {
		return "", err
	}
	second, cancel := ctxpkg.WithTimeout(ctx, s.超时/2) // want "lost-cancel"
	return s.读取(second, id)
}

// Audit already has a variable named cancel, so "_" below cannot simply be
// renamed to cancel.
func (s *订单服务) Audit(parent ctxpkg.Context, id string) error {
	ctx, cancel := ctxpkg.WithTimeout(parent, s.超时)
	defer cancel()
	audit, _ := ctxpkg.WithCancel(ctx) // want "lost-cancel"
	_, err := s.读取(audit, id)
	return err
}

// Pipeline: "ctx, _ =" in a loop body with a plain assignment. 🔁
func (s *订单服务) Pipeline(parent ctxpkg.Context, id string) error {
	ctx := parent
	for _, d := range s.stages {
		ctx, _ = ctxpkg.WithTimeout(ctx, d) // want "lost-cancel" "context-in-loop"
	}
	_, err := s.读取(ctx, id)
	return err
}

// --- negatives ---

// 安全查询 defers the aliased cancel. ✅
func (s *订单服务) 安全查询(父 ctxpkg.Context, 编号 string) (string, error) {
	上下文, 取消 := ctxpkg.WithTimeout(父, s.超时) // 😀 正确用法
	defer 取消()
	return s.读取(上下文, 编号)
}

// ConnPool hands out leased contexts; its WithCancel method is not the
// context package's.
type ConnPool struct {
	leases int
}

// WithCancel leases a connection bound to ctx and returns a release function.
func (p *ConnPool) WithCancel(ctx ctxpkg.Context) (ctxpkg.Context, func()) {
	p.leases++
	return ctx, func() { p.leases-- }
}

// Borrow throws away the release function of ConnPool.WithCancel.
func (s *订单服务) Borrow(ctx ctxpkg.Context, pool *ConnPool, id string) (string, error) {
	leased, _ := pool.WithCancel(ctx)
	return s.读取(leased, id)
}

// WithTimeout is this package's own helper, not context.WithTimeout.
func WithTimeout(ctx ctxpkg.Context, d time.Duration) (ctxpkg.Context, error) {
	if d <= 0 {
		return nil, errors.New("non-positive timeout")
	}
	return ctx, nil
}

// Checked calls the package's own WithTimeout and discards its error.
func (s *订单服务) Checked(ctx ctxpkg.Context, id string) (string, error) {
	c, _ := WithTimeout(ctx, s.超时)
	return s.读取(c, id)
}

// StagedOK re-declares cancel and defers each value in turn.
func (s *订单服务) StagedOK(parent ctxpkg.Context, id string) (string, error) {
	ctx, cancel := ctxpkg.WithTimeout(parent, s.超时)
	defer cancel()
	second, cancel := ctxpkg.WithTimeout(ctx, s.超时/2)
	defer cancel()
	return s.读取(second, id)
}
