module goforensics/samples

go 1.19
