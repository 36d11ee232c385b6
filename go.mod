module github.com/glassbox-go/mlp

go 1.26
