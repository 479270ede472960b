// Package keys exports keys of built-in types; importers cannot see their types.
package keys

// Tenant is a string key of another package.
const Tenant = "tenant"

// Region is a typed string key of another package.
var Region string = "region"
