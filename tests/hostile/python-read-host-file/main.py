try:
    print(open("/etc/passwd").read())
except OSError as e:
    print("refused:", e)
