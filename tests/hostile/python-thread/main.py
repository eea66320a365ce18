import threading
t = threading.Thread(target=print, args=("thread",))
t.start()
t.join()
